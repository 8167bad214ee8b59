-- Private keys are stored encrypted (AES-GCM, key derived from dailyfeed.security.signing-key-password and this
-- per-key random salt, hex). NULL marks a row written by an earlier version in plain PKCS#8: member-service
-- encrypts such rows in place on its next start.
ALTER TABLE signing_keys ADD COLUMN private_key_salt text;

-- A key is published before it signs: the "next" key (activated_at NULL, retired_at NULL) is in the JWKS, so the
-- resource servers already hold it when a rotation makes it the active one. Keys of earlier versions were active
-- from their creation.
ALTER TABLE signing_keys ADD COLUMN activated_at timestamptz;
UPDATE signing_keys SET activated_at = created_at;
