package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing a manifest and checking it, with keys written to and read from PEM files. */
class BundleSignatureTest {

    @TempDir
    Path dir;

    @Test
    void aSignedFileVerifiesUntilOneByteChanges() throws Exception {
        KeyPair keys = BundleSignature.generate();
        Path privateKey = dir.resolve("signing.key");
        Path publicKey = dir.resolve("signing.pub");
        BundleSignature.write(keys, privateKey, publicKey);
        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)))
                .isEqualTo("rw-------");

        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, "{\"gate\" : \"FAIL\"}\n", StandardCharsets.UTF_8);
        Path signature = BundleSignature.sign(manifest, BundleSignature.readPrivateKey(privateKey));
        assertThat(signature).isEqualTo(dir.resolve("bundle.json.sig"));
        PublicKey verifying = BundleSignature.readPublicKey(publicKey);
        BundleSignature.verify(manifest, verifying);

        Files.writeString(manifest, "{\"gate\" : \"PASS\"}\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BundleSignature.verify(manifest, verifying))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("bundle.json does not match its signature bundle.json.sig: it was changed since it was"
                        + " signed, or another key signed it");
    }

    @Test
    void anotherKeysSignatureAMissingOneAndBadKeyFilesAreRefused() throws Exception {
        Path manifest = dir.resolve("bundle.json");
        Files.writeString(manifest, "{}", StandardCharsets.UTF_8);
        PublicKey verifying = BundleSignature.generate().getPublic();
        assertThatThrownBy(() -> BundleSignature.verify(manifest, verifying))
                .hasMessage("bundle.json is not signed: there is no bundle.json.sig");

        BundleSignature.sign(manifest, BundleSignature.generate().getPrivate());
        assertThatThrownBy(() -> BundleSignature.verify(manifest, verifying))
                .hasMessageStartingWith("bundle.json does not match its signature");

        Files.writeString(BundleSignature.signatureOf(manifest), "not base64 !\n");
        assertThatThrownBy(() -> BundleSignature.verify(manifest, verifying))
                .hasMessageStartingWith("cannot read the signature " + dir.resolve("bundle.json.sig"));

        Path notPem = dir.resolve("key.txt");
        Files.writeString(notPem, "hello");
        assertThatThrownBy(() -> BundleSignature.readPublicKey(notPem))
                .hasMessage(notPem
                        + " is not a PEM public key ('-----BEGIN PUBLIC KEY-----' ... '-----END PUBLIC KEY-----')");
        assertThatThrownBy(() -> BundleSignature.readPrivateKey(dir.resolve("absent.key")))
                .hasMessage("cannot read the key " + dir.resolve("absent.key") + ": no such file");

        // a public key where the private one is expected: same PEM shape, wrong type
        Path keys = dir.resolve("pair");
        Files.createDirectories(keys);
        BundleSignature.write(BundleSignature.generate(), keys.resolve("k"), keys.resolve("k.pub"));
        assertThatThrownBy(() -> BundleSignature.readPrivateKey(keys.resolve("k.pub")))
                .hasMessageStartingWith(keys.resolve("k.pub") + " is not a PEM private key");
        assertThatThrownBy(
                        () -> BundleSignature.write(BundleSignature.generate(), keys.resolve("k"), keys.resolve("x")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    /**
     * While a signing key is replaced, a service trusts the old public key and the new one: what
     * either signed verifies, what a third signed does not, and the bytes returned are those checked.
     */
    @Test
    void withSeveralTrustedKeysWhatAnyOfThemSignedVerifies() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        BundleSignature.write(BundleSignature.generate(), keys.resolve("old.key"), keys.resolve("old.pub"));
        BundleSignature.write(BundleSignature.generate(), keys.resolve("new.key"), keys.resolve("new.pub"));
        java.util.List<PublicKey> trusted =
                BundleSignature.readPublicKeys(java.util.List.of(keys.resolve("old.pub"), keys.resolve("new.pub")));
        assertThat(trusted).hasSize(2);

        Path older = Files.createDirectories(dir.resolve("v1")).resolve("bundle.json");
        Path newer = Files.createDirectories(dir.resolve("v2")).resolve("bundle.json");
        Files.writeString(older, "{\"version\" : \"v1\"}\n", StandardCharsets.UTF_8);
        Files.writeString(newer, "{\"version\" : \"v2\"}\n", StandardCharsets.UTF_8);
        BundleSignature.sign(older, BundleSignature.readPrivateKey(keys.resolve("old.key")));
        BundleSignature.sign(newer, BundleSignature.readPrivateKey(keys.resolve("new.key")));
        assertThat(BundleSignature.verify(older, trusted)).isEqualTo(Files.readAllBytes(older));
        assertThat(BundleSignature.verify(newer, trusted)).isEqualTo(Files.readAllBytes(newer));
        // once the old key is dropped, what it signed is refused
        assertThatThrownBy(() -> BundleSignature.verify(older, java.util.List.of(trusted.get(1))))
                .hasMessage("bundle.json does not match its signature bundle.json.sig: it was changed since it was"
                        + " signed, or another key signed it");

        BundleSignature.sign(older, BundleSignature.generate().getPrivate());
        assertThatThrownBy(() -> BundleSignature.verify(older, trusted))
                .hasMessage("bundle.json does not match its signature bundle.json.sig: it was changed since it was"
                        + " signed, or a key not among the 2 trusted signed it");

        // the same key twice is likely a typo for another: said, not trusted twice
        Path copy = keys.resolve("copy.pub");
        Files.copy(keys.resolve("new.pub"), copy);
        assertThatThrownBy(() -> BundleSignature.readPublicKeys(java.util.List.of(keys.resolve("new.pub"), copy)))
                .hasMessage(copy + " holds the same key as " + keys.resolve("new.pub"));
        assertThat(BundleSignature.readPublicKeys(java.util.List.of())).isEmpty();
    }
}
