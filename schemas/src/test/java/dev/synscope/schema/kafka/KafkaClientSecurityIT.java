package dev.synscope.schema.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synscope.kafka.embedded.LocalKafkaCluster;
import dev.synscope.kafka.embedded.LocalKafkaClusterConfig;
import dev.synscope.kafka.embedded.ScramUser;
import dev.synscope.kafka.embedded.SecureListener;
import dev.synscope.kafka.embedded.TestCertificateAuthority;
import dev.synscope.kafka.embedded.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KafkaClientSecurity} against a real broker with TLS: SASL/SCRAM-SHA-512 over TLS, and mutual
 * TLS. Certificates come from the JDK's keytool at test time; passwords are read from files.
 */
class KafkaClientSecurityIT {

    private static final String USER = "synscope-probe";
    private static final String PASSWORD = "probe-pw-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path tmp;
    private static TlsMaterial tls;
    private static LocalKafkaCluster scram;
    private static LocalKafkaCluster mtls;

    @BeforeAll
    static void startBrokers() {
        tls = TestCertificateAuthority.create(tmp.resolve("tls"), "synscope-probe");
        LocalKafkaClusterConfig oneNode = LocalKafkaClusterConfig.defaults().withNodes(1).withPartitions(1);
        scram = LocalKafkaCluster.start(oneNode.withBaseDir(tmp.resolve("scram"), false)
                .withSecureListener(SecureListener.saslSsl(tls, List.of(new ScramUser(USER, PASSWORD)))));
        mtls = LocalKafkaCluster.start(oneNode.withBaseDir(tmp.resolve("mtls"), false)
                .withSecureListener(SecureListener.mutualTls(tls)));
    }

    @AfterAll
    static void stopBrokers() {
        if (scram != null) {
            scram.close();
        }
        if (mtls != null) {
            mtls.close();
        }
    }

    @Test
    void scramOverTlsRoundTripsARecord() throws Exception {
        Path passwordFile = Files.writeString(tmp.resolve("sasl-password"), PASSWORD + "\n");
        var security = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", USER, SecretSource.file(passwordFile),
                tls.truststore(), SecretSource.file(tls.passwordFile()));

        assertThat(roundTrip(scram, security, "scram-round-trip")).containsExactly("hello over SASL_SSL");
    }

    @Test
    void aWrongScramPasswordIsAClearAuthenticationError() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong-password"), "not-the-password");
        var security = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", USER, SecretSource.file(wrong),
                tls.truststore(), SecretSource.file(tls.passwordFile()));

        assertThatThrownBy(() -> listTopics(scram, security))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("invalid credentials").hasMessageContaining("SCRAM-SHA-512");
    }

    @Test
    void mutualTlsRoundTripsARecordWithAClientCertificate() throws Exception {
        var security = KafkaClientSecurity.mutualTls(tls.truststore(), SecretSource.file(tls.passwordFile()),
                tls.clientKeystore(), SecretSource.file(tls.passwordFile()));

        assertThat(roundTrip(mtls, security, "mtls-round-trip")).containsExactly("hello over SSL");
    }

    @Test
    void mutualTlsWithoutAClientCertificateIsRejected() {
        var security = KafkaClientSecurity.fromSettings("SSL", "", "", "", tls.truststore().toString(),
                "file:" + tls.passwordFile(), "", "");

        assertThatThrownBy(() -> listTopics(mtls, security))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SslAuthenticationException.class);
    }

    private static List<String> roundTrip(LocalKafkaCluster cluster, KafkaClientSecurity security, String topic)
            throws Exception {
        cluster.createTopics(List.of(cluster.topic(topic, Map.of())));
        String value = "hello over " + security.protocol().name;
        Map<String, Object> producer = new HashMap<>(security.toClientProperties());
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.secureBootstrapServers());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (var p = new KafkaProducer<String, String>(producer)) {
            p.send(new ProducerRecord<>(topic, "k", value)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumer = new HashMap<>(security.toClientProperties());
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.secureBootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-reader");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> values = new ArrayList<>();
        try (var c = new KafkaConsumer<String, String>(consumer)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static void listTopics(LocalKafkaCluster cluster, KafkaClientSecurity security) throws Exception {
        Map<String, Object> config = new HashMap<>(security.toClientProperties());
        config.put("bootstrap.servers", cluster.secureBootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
