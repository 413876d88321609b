package org.korrekt.features.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Ed25519 signatures over a bundle's manifest and its gate override, and over a profile's decision
 * policy, so that a service holding only the public key can tell a bundle as training wrote it (a
 * policy as its owner signed it) from one edited since. Checksums in {@code
 * bundle.json} detect a changed artifact; the signature over {@code bundle.json} detects a changed
 * manifest too: its checksums, the fairness gate's verdict, the thresholds. The signature of {@code
 * FILE} is the file {@code FILE.sig}: one line of Base64.
 *
 * <p>Keys are PEM files as OpenSSL writes them: a PKCS#8 private key ({@code BEGIN PRIVATE KEY}) and
 * an X.509 public key ({@code BEGIN PUBLIC KEY}), so {@code openssl genpkey -algorithm ed25519}
 * keys work too.
 */
public final class BundleSignature {

    /** The signature algorithm. */
    public static final String ALGORITHM = "Ed25519";
    /** What a signature file's name adds to the signed file's. */
    public static final String SUFFIX = ".sig";

    private BundleSignature() {}

    /** A new key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }

    /**
     * Writes the key pair as {@code private} (readable by its owner only, where the file system
     * says so) and {@code public}; neither may exist yet.
     */
    public static void write(KeyPair keys, Path privateFile, Path publicFile) throws IOException {
        Files.createFile(privateFile);
        if (Files.getFileStore(privateFile).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(
                privateFile,
                pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
                StandardCharsets.US_ASCII,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(
                publicFile,
                pem("PUBLIC KEY", keys.getPublic().getEncoded()),
                StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW);
    }

    /**
     * Reads a private key file.
     *
     * @throws ArtifactException naming the file and what is wrong with it
     */
    public static PrivateKey readPrivateKey(Path file) throws ArtifactException {
        byte[] der = der(file, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new ArtifactException(file + " is not an " + ALGORITHM + " private key (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads a public key file.
     *
     * @throws ArtifactException naming the file and what is wrong with it
     */
    public static PublicKey readPublicKey(Path file) throws ArtifactException {
        byte[] der = der(file, "PUBLIC KEY");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new ArtifactException(file + " is not an " + ALGORITHM + " public key (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads public key files, as {@link #readPublicKey}: the keys a service trusts, several while a
     * signing key is replaced. The same key given twice is an error, as it is likely a typo for the
     * other.
     *
     * @throws ArtifactException naming the file and what is wrong with it
     */
    public static List<PublicKey> readPublicKeys(List<Path> files) throws ArtifactException {
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            PublicKey key = readPublicKey(files.get(i));
            for (int j = 0; j < keys.size(); j++) {
                if (Arrays.equals(keys.get(j).getEncoded(), key.getEncoded())) {
                    throw new ArtifactException(files.get(i) + " holds the same key as " + files.get(j));
                }
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }

    /** Signs {@code file}, writing {@code file.sig} beside it (replacing one there). */
    public static Path sign(Path file, PrivateKey key) throws IOException {
        return sign(file, Files.readAllBytes(file), key);
    }

    /**
     * Signs {@code content}, as read from {@code file} and checked by the caller, writing {@code
     * file.sig} beside it (replacing one there). Should the file have changed since it was read, the
     * signature does not match it, and {@link #verify} refuses it.
     */
    public static Path sign(Path file, byte[] content, PrivateKey key) throws IOException {
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(content);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign " + file + ": " + e.getMessage(), e);
        }
        Path target = signatureOf(file);
        Files.writeString(target, Base64.getEncoder().encodeToString(signature) + "\n", StandardCharsets.US_ASCII);
        return target;
    }

    /**
     * Checks {@code file} against its signature file with {@code key}, and returns the bytes it
     * checked: a caller that goes on to read the file should use these, so that what it reads is
     * what was checked even if the file is replaced meanwhile.
     *
     * @return the file's content, as signed
     * @throws ArtifactException if the signature file is missing or unreadable, or the signature does
     *     not match: the file was changed since it was signed, or another key signed it
     */
    public static byte[] verify(Path file, PublicKey key) throws ArtifactException {
        return verify(file, List.of(key));
    }

    /**
     * Checks {@code file} against its signature file with each of {@code keys} until one matches,
     * as {@link #verify(Path, PublicKey)}: while a signing key is replaced, bundles signed with the
     * old key and with the new one are both trusted.
     *
     * @param keys the trusted keys, at least one
     * @return the file's content, as signed
     * @throws ArtifactException if the signature file is missing or unreadable, or no key's signature
     *     matches
     */
    public static byte[] verify(Path file, List<PublicKey> keys) throws ArtifactException {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key to check " + file + " with");
        }
        Path signatureFile = signatureOf(file);
        byte[] signature;
        byte[] content;
        try {
            signature = Base64.getDecoder()
                    .decode(Files.readString(signatureFile, StandardCharsets.US_ASCII)
                            .strip());
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ArtifactException(
                    e.getFile().equals(signatureFile.toString())
                            ? file.getFileName() + " is not signed: there is no " + signatureFile.getFileName()
                            : "cannot read " + e.getFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new ArtifactException("cannot read the signature " + signatureFile + ": " + e.getMessage());
        }
        boolean valid = false;
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance(ALGORITHM);
                verifier.initVerify(key);
                verifier.update(content);
                valid = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                valid = false;
            }
            if (valid) {
                break;
            }
        }
        if (!valid) {
            throw new ArtifactException(file.getFileName() + " does not match its signature "
                    + signatureFile.getFileName() + ": it was changed since it was signed, or "
                    + (keys.size() == 1
                            ? "another key signed it"
                            : "a key not among the " + keys.size() + " trusted signed it"));
        }
        return content;
    }

    /** The signature file of {@code file}. */
    public static Path signatureOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path file, String type) throws ArtifactException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ArtifactException("cannot read the key " + file + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new ArtifactException(file + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT) + " ('"
                    + begin + "' ... '" + end + "')");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new ArtifactException(file + ": the key is not valid Base64 (" + e.getMessage() + ")");
        }
    }
}
