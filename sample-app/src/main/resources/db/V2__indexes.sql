-- One index per access path and sort in API.md; every keyset sort ends with id as tiebreaker.
-- GET /api/products?sort=price_cents|-price_cents (backward scans serve the descending sorts)
CREATE INDEX products_price_id ON products (price_cents, id);
CREATE INDEX products_created_id ON products (created_at, id);
-- category_id filter with each sort
CREATE INDEX products_category_id ON products (category_id, id);
CREATE INDEX products_category_price_id ON products (category_id, price_cents, id);
CREATE INDEX products_category_created_id ON products (category_id, created_at, id);
-- q = case-insensitive name prefix
CREATE INDEX products_lower_name ON products (lower(name) text_pattern_ops, id);

-- GET /api/users/{id}/orders (newest first) and GET /api/orders?user_id=
CREATE INDEX orders_user_created_id ON orders (user_id, created_at, id);
CREATE INDEX orders_user_id ON orders (user_id, id);
-- GET /api/orders?status=
CREATE INDEX orders_status_id ON orders (status, id);
CREATE INDEX orders_created_id ON orders (created_at, id);

-- order_items by product (foreign key checks, product deletes)
CREATE INDEX order_items_product ON order_items (product_id);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
