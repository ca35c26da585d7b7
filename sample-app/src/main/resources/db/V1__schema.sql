-- Shop schema. Ids are assigned by the dataset loader (COPY) and then by sequences.
CREATE TABLE categories (
  id          bigint PRIMARY KEY,
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id          bigserial PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  name        text NOT NULL,
  tier        text NOT NULL CHECK (tier IN ('free', 'pro', 'internal')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id           bigserial PRIMARY KEY,
  sku          text NOT NULL UNIQUE,
  name         text NOT NULL,
  description  text NOT NULL,
  price_cents  bigint NOT NULL CHECK (price_cents >= 0),
  stock        integer NOT NULL CHECK (stock >= 0),
  category_id  bigint NOT NULL REFERENCES categories (id),
  version      bigint NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  status       text NOT NULL CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
  total_cents  bigint NOT NULL CHECK (total_cents >= 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
  order_id          bigint NOT NULL REFERENCES orders (id),
  line              integer NOT NULL,
  product_id        bigint NOT NULL REFERENCES products (id),
  quantity          integer NOT NULL CHECK (quantity > 0),
  unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, line)
);

CREATE TABLE api_keys (
  key         text PRIMARY KEY,
  user_id     bigint REFERENCES users (id),
  tier        text NOT NULL CHECK (tier IN ('free', 'pro', 'internal')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Idempotency-Key records for POST /api/orders (see dev.brisk.http.Idempotency).
CREATE TABLE idempotency_keys (
  key          text PRIMARY KEY,
  fingerprint  text NOT NULL,
  status       integer,
  headers      jsonb,
  body         bytea,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Which deterministic dataset is loaded, so a restart skips loading.
CREATE TABLE dataset_info (
  name       text PRIMARY KEY,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);
