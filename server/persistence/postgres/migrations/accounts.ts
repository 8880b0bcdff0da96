import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Accounts: users, sessions, personal access tokens and one-time sign-in links (secrets stored only as SHA-256 hashes), and each person's e-mail digest preference. Emails are stored lower-cased. */
export const accountsMigrations: PostgresMigrations = { store: 'accounts', steps: [`CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        name TEXT COLLATE "C" NOT NULL,
        password_hash TEXT,
        is_admin BOOLEAN NOT NULL DEFAULT false,
        created_at BIGINT NOT NULL
      );
   CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE TABLE access_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        token_hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT,
        revoked_at BIGINT
      );
   CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );`,
  // The daily e-mail digest: whether the person wants it, and when their last one was made (so a restart never sends twice).
  `ALTER TABLE users ADD COLUMN email_digest BOOLEAN NOT NULL DEFAULT false;
   ALTER TABLE users ADD COLUMN last_digest_at BIGINT;`,
  // The interface language the person chose (en, fr, es); NULL: the browser's.
  `ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'fr', 'es'));`,
  // Tokens made in the same millisecond are listed in the order they were made.
  `ALTER TABLE access_tokens ADD COLUMN ord BIGSERIAL;`] }
