/** The command line of a payment run: {@code korrekt score}. */
package org.korrekt.paymentrun.cli;
