// Used by scripts/infra/kafka.sh; compiled against the broker's own jars
// (kafka-clients is among them) into <state>/helper and run in one JVM.
//
//   java -cp '<state>/helper:<state>/libs/*' InfraKafkaTopics \
//        <bootstrap> <topics-file> <partitions> <timeout-seconds>
//
// Waits until the broker answers an Admin request, lists the topics once,
// creates the missing ones from <topics-file> (one name per line; blank lines
// and lines starting with '#' are skipped) with <partitions> partitions and
// replication factor 1, then waits until every partition of those topics has
// a leader. Prints one summary line; exit code 0 on success, 1 on failure.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

public final class InfraKafkaTopics {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: InfraKafkaTopics <bootstrap> <topics-file> <partitions> <timeout-seconds>");
      System.exit(2);
    }
    String bootstrap = args[0];
    int partitions = Integer.parseInt(args[2]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[3]));

    Set<String> wanted = new LinkedHashSet<>();
    for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        wanted.add(t);
      }
    }

    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "infra-topics");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");

    int created = 0;
    Exception last = null;
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
          List<NewTopic> missing = new ArrayList<>();
          for (String t : wanted) {
            if (!existing.contains(t)) {
              missing.add(new NewTopic(t, partitions, (short) 1));
            }
          }
          if (!missing.isEmpty()) {
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(missing).values().entrySet()) {
              try {
                e.getValue().get(10, TimeUnit.SECONDS);
                created++;
              } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                  throw ex;
                }
              }
            }
          }
          if (!wanted.isEmpty()) {
            Map<String, TopicDescription> described =
                admin.describeTopics(wanted).allTopicNames().get(5, TimeUnit.SECONDS);
            for (TopicDescription d : described.values()) {
              for (TopicPartitionInfo p : d.partitions()) {
                if (p.leader() == null || p.leader().isEmpty()) {
                  throw new IllegalStateException("no leader yet for " + d.name() + "-" + p.partition());
                }
              }
            }
          }
          System.out.println("topics: " + wanted.size() + " present (" + created + " created)");
          return;
        } catch (Exception e) {
          last = e;
        }
        if (System.nanoTime() > deadline) {
          Throwable cause = last instanceof ExecutionException && last.getCause() != null ? last.getCause() : last;
          System.err.println("topics: broker at " + bootstrap + " not usable in time: " + cause);
          System.exit(1);
        }
        Thread.sleep(300);
      }
    }
  }
}
