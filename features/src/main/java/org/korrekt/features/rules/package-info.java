/**
 * Deterministic risk rules, declared as data: each rule is a conjunction of conditions on
 * features of a schema, with a stable reason code, a Swedish and an English text, and a severity.
 * A rule set is compiled against the schema into flat arrays and evaluated without allocating.
 */
package org.korrekt.features.rules;
