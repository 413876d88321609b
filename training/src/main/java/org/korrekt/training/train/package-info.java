/**
 * Training selection profiles with Tribuo, compiling them into korrekt's model artifact, proving
 * the compiled model equal to Tribuo's predictions, and writing versioned model bundles.
 */
package org.korrekt.training.train;
