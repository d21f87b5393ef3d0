-- Passwords of RBAC users for the Manager's basic-auth login (admin_gui_auth = basic-auth). A table of
-- its own, not a column of rbac_users: most users (scripts, CI) have only a token, and the row goes
-- with the user. password_hash is an Argon2id PHC string, never the password.
CREATE TABLE rbac_user_passwords (
  user_id       TEXT   NOT NULL PRIMARY KEY,
  password_hash TEXT   NOT NULL,
  updated_at    BIGINT NOT NULL
);
