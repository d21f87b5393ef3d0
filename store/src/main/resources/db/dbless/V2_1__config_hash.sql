-- DB-less only: the hash of the running declarative configuration (Kong's configuration_hash),
-- kept with the rows so a saved copy restores both. One row (id = 1); 32 zeros before any load.
CREATE TABLE config_hash (
  id   INTEGER NOT NULL PRIMARY KEY,
  hash TEXT    NOT NULL
);
INSERT INTO config_hash (id, hash) VALUES (1, '00000000000000000000000000000000');
