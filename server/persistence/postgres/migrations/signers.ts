import type { PostgresMigrations } from '../PostgresDatabase.js'

/** Joint positions: invitations to co-sign threads and proposals, and the chair's delegation groups. */
export const signersMigrations: PostgresMigrations = { store: 'signers', steps: [`CREATE TABLE delegation_groups (
        id TEXT COLLATE "C" PRIMARY KEY,
        group_id TEXT NOT NULL,
        name TEXT NOT NULL,
        delegations TEXT NOT NULL,
        coordinator TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        UNIQUE (group_id, name)
      );
   CREATE TABLE signatures (
        id TEXT COLLATE "C" PRIMARY KEY,
        group_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        target_type TEXT NOT NULL CHECK (target_type IN ('thread', 'proposal')),
        target_id TEXT NOT NULL,
        signer_kind TEXT NOT NULL CHECK (signer_kind IN ('delegation', 'group')),
        signer TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('invited', 'confirmed', 'declined')),
        invited_by TEXT NOT NULL,
        invited_at BIGINT NOT NULL,
        answered_by TEXT,
        answered_at BIGINT,
        ord BIGSERIAL,
        UNIQUE (target_type, target_id, signer_kind, signer)
      );
   CREATE INDEX signatures_target ON signatures(target_type, target_id, ord);
   CREATE INDEX signatures_document ON signatures(document_id, ord);
   CREATE INDEX signatures_signer ON signatures(signer_kind, signer);`] }
