package dev.synscope.kafka.embedded;

import java.nio.file.Path;

/**
 * Keystores made by {@link TestCertificateAuthority} for one test run. All stores are PKCS12 and
 * share one generated password, also written to {@link #passwordFile()} so clients can be
 * configured the way deployments are: the secret from a file, never inline.
 *
 * @param caCertificate  the CA certificate (PEM)
 * @param truststore     a store holding only the CA certificate
 * @param brokerKeystore the brokers' key and certificate, valid for 127.0.0.1 and localhost
 * @param clientKeystore a client key and certificate for mutual TLS
 * @param passwordFile   a file holding {@link #password()}
 * @param password       the stores' password (generated per run)
 */
public record TlsMaterial(Path caCertificate, Path truststore, Path brokerKeystore, Path clientKeystore,
                          Path passwordFile, String password) {

    @Override
    public String toString() {
        return "TlsMaterial[truststore=" + truststore + ", brokerKeystore=" + brokerKeystore + ", clientKeystore="
                + clientKeystore + ", passwordFile=" + passwordFile + ", password=***]";
    }
}
