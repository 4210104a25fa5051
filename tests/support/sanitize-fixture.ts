/**
 * A small copy of the application's schema with obviously real-looking personal data, for the
 * sanitizer's tests against a real PostgreSQL. Every original value is unique to the fixture
 * ("RealFirst17", "real.person17@gmail.test"), so a test can prove none survives.
 */
export const FIXTURE_SQL = `
DROP TABLE IF EXISTS orders, addresses, customers CASCADE;
CREATE TABLE customers (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  phone text,
  national_id text,
  date_of_birth date,
  plan text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE addresses (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  line1 text NOT NULL,
  line2 text,
  city text NOT NULL,
  postal_code text,
  country char(2) NOT NULL
);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  shipping_address_id bigint REFERENCES addresses (id),
  shipping_name text,
  shipping_phone text,
  total_cents integer NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL
);
INSERT INTO customers
SELECT g, 'real.person' || g || '@gmail.test', g % 3 = 0, 'RealFirst' || g, 'RealLast' || g,
       CASE WHEN g % 10 = 0 THEN NULL ELSE '+1-555-01' || lpad(g::text, 4, '0') END,
       'NID-' || g, date '1970-01-01' + g, CASE WHEN g % 2 = 0 THEN 'pro' ELSE 'free' END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'
FROM generate_series(1, 300) g;
INSERT INTO addresses
SELECT g, 1 + g % 300, g || ' Real Road', CASE WHEN g % 4 = 0 THEN 'Flat ' || g END,
       'Realcity' || g % 10, lpad(g::text, 5, '0'), 'US'
FROM generate_series(1, 400) g;
INSERT INTO orders
SELECT g, 1 + g % 300, 1 + g % 400, 'RealFirst' || (1 + g % 300) || ' RealLast' || (1 + g % 300),
       '+1-555-99' || lpad(g::text, 4, '0'), g * 100, CASE WHEN g % 5 = 0 THEN 'refunded' ELSE 'paid' END,
       timestamptz '2024-06-01 00:00:00+00' + g * interval '1 minute'
FROM generate_series(1, 600) g;
`;

export const FIXTURE_ROWS: Readonly<Record<string, number>> = { customers: 300, addresses: 400, orders: 600 };
