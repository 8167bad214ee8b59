-- Private keys are stored encrypted (AES-GCM, key derived from dailyfeed.security.signing-key-password and this
-- per-key random salt, hex). NULL marks a row written by an earlier version in plain PKCS#8: member-service
-- encrypts such rows in place on its next start.
ALTER TABLE signing_keys ADD COLUMN private_key_salt text;
