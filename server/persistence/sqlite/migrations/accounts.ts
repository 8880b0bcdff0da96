import type { StoreMigrations } from '../SqliteDatabase.js'

/** Accounts: users, sessions, personal access tokens and one-time sign-in links (secrets stored only as SHA-256 hashes), and each person's e-mail digest preference. */
export const accountsMigrations: StoreMigrations = { store: 'accounts', steps: [`CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT,
        is_admin INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
   CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
   CREATE INDEX sessions_user ON sessions(user_id);
   CREATE TABLE access_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        token_hash TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
   CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );`,
  // The daily e-mail digest: whether the person wants it, and when their last one was made (so a restart never sends twice).
  `ALTER TABLE users ADD COLUMN email_digest INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE users ADD COLUMN last_digest_at INTEGER;`,
  // The interface language the person chose (en, fr, es); NULL: the browser's.
  `ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'fr', 'es'));`] }
