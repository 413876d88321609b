package org.korrekt.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.korrekt.scoring.security.TestJwts.b64;
import static org.korrekt.scoring.security.TestJwts.jwk;
import static org.korrekt.scoring.security.TestJwts.jwks;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import org.junit.jupiter.api.Test;

/** Which keys of a JWKS document korrekt uses, and which it skips. */
class JwkSetTest {

    private static final KeyPair RSA = TestJwts.rsa(1);
    private static final KeyPair EC = TestJwts.ec(3);

    private static JwkSet parse(String json) throws IOException {
        return JwkSet.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRsaAndP256Keys() throws Exception {
        JwkSet set = parse(jwks(jwk("r", (RSAPublicKey) RSA.getPublic()), jwk("e", (ECPublicKey) EC.getPublic())));

        assertThat(set.keys()).extracting(PublicJwk::kid).containsExactly("r", "e");
        assertThat(set.find("r", Algorithm.RS256).key()).isEqualTo(RSA.getPublic());
        assertThat(set.find("e", Algorithm.ES256).key()).isEqualTo(EC.getPublic());
        assertThat(set.find("r", Algorithm.ES256)).isNull();
        assertThat(set.find("x", Algorithm.RS256)).isNull();
    }

    @Test
    void skipsKeysItCannotUse() throws Exception {
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024, TestJwts.seeded(5));
        RSAPublicKey weak = (RSAPublicKey) small.generateKeyPair().getPublic();
        ECPublicKey ec = (ECPublicKey) EC.getPublic();
        ECPoint w = ec.getW();
        String offCurve = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"off\",\"x\":\""
                + b64(TestJwts.unsigned(w.getAffineX(), 32)) + "\",\"y\":\""
                + b64(TestJwts.unsigned(w.getAffineY().add(BigInteger.ONE), 32)) + "\"}";
        String encryption = jwk("enc", (RSAPublicKey) RSA.getPublic()).replace("\"use\":\"sig\"", "\"use\":\"enc\"");
        String wrongAlg = jwk("ps", (RSAPublicKey) RSA.getPublic()).replace("RS256", "PS256");
        String otherCurve = jwk("p384", ec).replace("P-256", "P-384");
        String symmetric = "{\"kty\":\"oct\",\"kid\":\"oct\",\"k\":\"" + b64(TestJwts.secret(1)) + "\"}";
        String noModulus = "{\"kty\":\"RSA\",\"kid\":\"nm\",\"e\":\"AQAB\"}";
        String badBase64 = jwk("bad", (RSAPublicKey) RSA.getPublic()).replace("\"e\":\"AQAB\"", "\"e\":\"AQAB==\"");

        JwkSet set = parse(jwks(
                jwk("weak", weak),
                offCurve,
                encryption,
                wrongAlg,
                otherCurve,
                symmetric,
                noModulus,
                badBase64,
                jwk("good", ec)));

        assertThat(set.keys()).extracting(PublicJwk::kid).containsExactly("good");
    }

    @Test
    void theP256CurveCheckAcceptsRealPointsOnly() {
        ECPoint w = ((ECPublicKey) EC.getPublic()).getW();
        assertThat(JwkSet.onCurve(w)).isTrue();
        assertThat(JwkSet.onCurve(new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE))))
                .isFalse();
        assertThat(JwkSet.onCurve(new ECPoint(BigInteger.ZERO, BigInteger.ZERO)))
                .isFalse();
    }

    @Test
    void refusesDocumentsThatAreNotAJwks() {
        assertThatThrownBy(() -> parse("{}")).isInstanceOf(IOException.class).hasMessageContaining("no 'keys'");
        assertThatThrownBy(() -> parse("{\"keys\":{}}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"keys\":[1]}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"keys\":[],\"keys\":[]}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"keys\":[" + "{},".repeat(100) + "{}]}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than 100");
    }
}
