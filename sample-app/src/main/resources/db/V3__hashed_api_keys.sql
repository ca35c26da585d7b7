-- API keys are kept only as the hex SHA-256 of the key (dev.brisk.auth.ApiKey.hash); the plain
-- key is never stored. Existing keys are converted in place. Keys get a numeric id, which is what
-- logs, rate limits and idempotency records name.
ALTER TABLE api_keys ADD COLUMN id bigserial;
ALTER TABLE api_keys ADD COLUMN key_hash text;
UPDATE api_keys SET key_hash = encode(sha256(convert_to(key, 'UTF8')), 'hex');
ALTER TABLE api_keys DROP CONSTRAINT api_keys_pkey;
ALTER TABLE api_keys DROP COLUMN key;
ALTER TABLE api_keys ALTER COLUMN key_hash SET NOT NULL;
ALTER TABLE api_keys ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);

-- Idempotency records expire after 24 h; the background purge finds old ones by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
