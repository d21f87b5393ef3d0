/**
 * Password logins shared by the developer portal and the Manager's basic-auth login: Argon2id
 * password hashes ({@link io.gatehouse.admin.login.Passwords}) and cookie sessions stored in the node's database
 * ({@link io.gatehouse.admin.login.Sessions}).
 */
@NullMarked
package io.gatehouse.admin.login;

import org.jspecify.annotations.NullMarked;
