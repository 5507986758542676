package dev.synscope.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority for tests, made with the JDK's own {@code keytool} (run as a
 * process: the same commands an operator would type, and no crypto code of ours). It issues one
 * broker certificate for {@code 127.0.0.1}/{@code localhost} and one client certificate, so TLS
 * hostname verification stays on in tests exactly as in production.
 */
public final class TestCertificateAuthority {

    private static final String KEY_ALGORITHM = "EC"; // fast to generate; P-256 by default
    private static final String VALIDITY_DAYS = "2";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final String password;
    private final Path keytool;

    private TestCertificateAuthority(Path dir, String password) {
        this.dir = dir;
        this.password = password;
        this.keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    /**
     * Creates the CA, a broker keystore, a client keystore (subject {@code clientCommonName}) and a
     * truststore in {@code dir}.
     */
    public static TlsMaterial create(Path dir, String clientCommonName) {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        TestCertificateAuthority ca = new TestCertificateAuthority(dir, HexFormat.of().formatHex(secret));
        return ca.issueAll(clientCommonName);
    }

    private TlsMaterial issueAll(String clientCommonName) {
        try {
            Files.createDirectories(dir);
            Path caStore = dir.resolve("ca.p12");
            Path caPem = dir.resolve("ca.pem");
            keytool("-genkeypair", "-alias", "ca", "-dname", "CN=SynScope Test CA", "-keyalg", KEY_ALGORITHM,
                    "-ext", "bc:c", "-validity", VALIDITY_DAYS, "-keystore", caStore.toString(), "-storetype", "PKCS12",
                    "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", password,
                    "-file", caPem.toString());

            Path truststore = dir.resolve("truststore.p12");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                    truststore.toString(), "-storetype", "PKCS12", "-storepass", password);

            Path broker = issue(caStore, caPem, "broker", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost",
                    "EKU=serverAuth,clientAuth");
            Path client = issue(caStore, caPem, "client", "CN=" + clientCommonName, null, "EKU=clientAuth");

            Path passwordFile = dir.resolve("store-password");
            Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
            restrictToOwner(passwordFile);
            return new TlsMaterial(caPem, truststore, broker, client, passwordFile, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create test certificates in " + dir, e);
        }
    }

    /** A key pair in {@code <name>.p12}, its certificate signed by the CA, the CA chained in. */
    private Path issue(Path caStore, Path caPem, String name, String dname, String san, String eku) {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-dname", dname, "-keyalg", KEY_ALGORITHM, "-validity", VALIDITY_DAYS,
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", password, "-file",
                csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caStore.toString(),
                "-storepass", password, "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity",
                VALIDITY_DAYS, "-ext", eku));
        if (san != null) {
            gencert.addAll(List.of("-ext", san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(),
                "-storepass", password);
        keytool("-importcert", "-alias", name, "-file", cert.toString(), "-keystore", store.toString(), "-storepass",
                password);
        return store;
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.add("-J-Xshare:auto");
        command.addAll(List.of(args));
        Path log = dir.resolve("keytool.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                // the log holds keytool's messages, never the password (it is only on the command line)
                throw new IllegalStateException("keytool " + args[0] + " failed (" + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the temporary directory's own permissions apply
        }
    }
}
