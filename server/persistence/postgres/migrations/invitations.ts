import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Invitation links to join a group with a role and delegation (single use, hashed). */
export const invitationsMigrations: PostgresMigrations = { store: 'invitations', steps: [`CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        group_id TEXT NOT NULL REFERENCES groups(id),
        role TEXT NOT NULL,
        delegation TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT,
        used_by TEXT
      );`] }
