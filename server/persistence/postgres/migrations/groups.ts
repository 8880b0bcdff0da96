import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Working groups and their members (role and delegation per group). */
export const groupsMigrations: PostgresMigrations = { store: 'groups', steps: [`CREATE TABLE groups (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        observers_may_comment BOOLEAN NOT NULL DEFAULT false,
        pre_moderation BOOLEAN NOT NULL DEFAULT false
      );
   CREATE TABLE memberships (
        group_id TEXT NOT NULL REFERENCES groups(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        role TEXT COLLATE "C" NOT NULL CHECK (role IN ('chair', 'member', 'dg-office', 'observer')),
        delegation TEXT NOT NULL DEFAULT '',
        created_at BIGINT NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );`,
  // The group's time zone (IANA name): comment periods close at times set and shown in it.
  `ALTER TABLE groups ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC'`,
  // The group's Word template (issue #20): the file as uploaded and what exports take from it (JSON).
  `CREATE TABLE group_templates (
        group_id TEXT PRIMARY KEY REFERENCES groups(id),
        name TEXT NOT NULL,
        file BYTEA NOT NULL,
        parts TEXT NOT NULL,
        uploaded_at BIGINT NOT NULL,
        uploaded_by TEXT NOT NULL
      )`] }
