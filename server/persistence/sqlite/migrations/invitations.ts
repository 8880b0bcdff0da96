import type { StoreMigrations } from '../SqliteDatabase.js'

/** Invitation links to join a group with a role and delegation (single use, hashed). */
export const invitationsMigrations: StoreMigrations = { store: 'invitations', steps: [`CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        role TEXT NOT NULL,
        delegation TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER,
        used_by TEXT
      );`] }
