package org.cnctwin.machine.publish;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: a CA, a broker certificate for 127.0.0.1 and
 * client certificates whose common name is the machine id (Mosquitto's
 * {@code use_identity_as_username} then makes it the user name its ACL checks).
 */
public final class TestPki {

    private final Path folder;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private long serial = 1;

    public TestPki(Path folder) throws Exception {
        this.folder = folder;
        this.caKeys = keyPair();
        X500Name name = new X500Name("CN=cnc-twin test CA");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial++), Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(builder);
        write(folder.resolve("ca.crt"), ca);
    }

    public Path caFile() {
        return folder.resolve("ca.crt");
    }

    /** Writes {@code <name>.crt} and {@code <name>.key}; a server certificate names 127.0.0.1 and localhost. */
    public void issue(String commonName, boolean server) throws Exception {
        KeyPair keys = keyPair();
        var builder = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(serial++), Date.from(Instant.now().minus(Duration.ofHours(1))),
                Date.from(Instant.now().plus(Duration.ofDays(1))), new X500Name("CN=" + commonName), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        write(folder.resolve(commonName + ".crt"), sign(builder));
        // PKCS#8 ("PRIVATE KEY"): OpenSSL refuses the EC form JcaPEMWriter writes for a bare key.
        write(folder.resolve(commonName + ".key"), new JcaPKCS8Generator(keys.getPrivate(), null));
    }

    private X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static void write(Path file, Object pem) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter out = new JcaPEMWriter(writer)) {
            out.writeObject(pem);
        }
    }
}
