package org.cnctwin.machine.publish;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS from PEM files, the way AWS IoT Core and most certificate tools hand them out: for a client,
 * a CA bundle to trust the server and optionally its own certificate and private key (mutual
 * TLS); for a server, its certificate chain and key. Keys may be PKCS#1 {@code RSA PRIVATE KEY},
 * SEC1 {@code EC PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY}; BouncyCastle reads them all.
 */
public final class PemTls {

    private PemTls() {}

    /**
     * @throws IllegalArgumentException naming the file that could not be read or parsed
     */
    public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
        return clientContext(caFile, certFile, keyFile).getSocketFactory();
    }

    /**
     * A client's TLS context trusting {@code caFile}, with the client certificate when both
     * {@code certFile} and {@code keyFile} are given.
     *
     * @throws IllegalArgumentException naming the file that could not be read or parsed
     */
    public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates(caFile)) {
                trusted.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);

            KeyManagerFactory keys = null;
            if (certFile != null || keyFile != null) {
                if (certFile == null || keyFile == null) {
                    throw new IllegalArgumentException("a client certificate needs both --tls-cert and --tls-key");
                }
                keys = keyManagers(certFile, keyFile);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.2");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * A server's TLS context (TLS 1.2 and 1.3): {@code certFile} holds its certificate chain, leaf first.
     *
     * @throws IllegalArgumentException naming the file that could not be read or parsed
     */
    public static SSLContext serverContext(Path certFile, Path keyFile) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(certFile, keyFile).getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
        char[] password = new char[0];
        KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
        identity.load(null, null);
        identity.setKeyEntry("identity", privateKey(keyFile), password, certificates(certFile).toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        return keys;
    }

    private static List<Certificate> certificates(Path file) {
        try (var in = Files.newInputStream(file)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object pem = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException(file + ": expected an unencrypted PEM private key (RSA, EC or PKCS#8), found "
                    + (pem == null ? "nothing" : pem.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable PEM private key: " + e.getMessage(), e);
        }
    }
}
