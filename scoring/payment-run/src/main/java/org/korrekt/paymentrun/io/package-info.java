/**
 * The file formats of a payment run: Parquet (parquet-java's example {@code Group} reader and
 * writer over local files, one row at a time) and CSV (RFC 4180, UTF-8, streamed), chosen by the
 * file's extension in {@link org.korrekt.paymentrun.io.PaymentRunFiles}. Both decode rows through
 * one {@code RowDecoder}, which checks every value with the bounds of {@code POST /v1/score}.
 */
package org.korrekt.paymentrun.io;
