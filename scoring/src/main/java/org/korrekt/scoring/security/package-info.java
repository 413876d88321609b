/**
 * Authentication of API callers: JWT bearer tokens (RFC 7519) signed with HS256 under a shared
 * secret, or with RS256 / ES256 under public keys from a JWKS document; the roles and control
 * units they carry ({@link org.korrekt.scoring.security.Principal}); and development tokens
 * ({@link org.korrekt.scoring.security.JwtIssuer}, {@code korrekt token}). Only JDK crypto and
 * Jackson's streaming parser.
 */
package org.korrekt.scoring.security;
