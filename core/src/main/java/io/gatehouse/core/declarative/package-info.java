/**
 * Kong's declarative configuration ({@code kong.yml}, reference §3): {@link DeclarativeParser}
 * reads JSON or YAML, {@link DeclarativeLoader} turns the file into complete, validated entities
 * per table (nesting, references, deterministic ids, Kong's code-14 errors),
 * {@link VaultReferences} resolves {@code {vault://env/NAME}} secrets when a snapshot is built, and
 * {@link DeclarativeExport} writes the canonical flat YAML. Generic over the
 * {@link io.gatehouse.core.schema.SchemaRegistry}: plugin-owned tables work once registered.
 */
@NullMarked
package io.gatehouse.core.declarative;

import org.jspecify.annotations.NullMarked;
