package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.e2e.DashboardQueries.Selector;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DashboardQueriesTests {

    @Test
    void findsTheMetricAndItsJobsInsideFunctionsAndAggregations() {
        String expression =
                "sum by (job, route) (rate(dailyfeed_outbox_sends_total{job=~\"member-service|content-service\","
                        + "outcome=\"success\"}[$__rate_interval])) / on(job) group_left max(up{job=\"gateway\"})";
        assertThat(DashboardQueries.selectors(expression))
                .extracting(Selector::metric, Selector::jobs)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "dailyfeed_outbox_sends_total", Set.of("member-service", "content-service")),
                        org.assertj.core.groups.Tuple.tuple("up", Set.of("gateway")));
    }

    @Test
    void aMetricWithoutMatchersIsFoundWithoutAJob() {
        assertThat(DashboardQueries.selectors("sum(rate(http_server_requests_seconds_count[5m])) > bool 0"))
                .extracting(Selector::metric, Selector::jobs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http_server_requests_seconds_count", Set.of()));
    }

    @Test
    void readsTheSeriesNamesOfThePrometheusText() {
        PrometheusText text = PrometheusText.parse("""
                # HELP dailyfeed_outbox_pending Events recorded but not yet acknowledged by Kafka
                # TYPE dailyfeed_outbox_pending gauge
                dailyfeed_outbox_pending 3.0
                kafka_consumer_fetch_manager_records_lag{client_id="c-1",partition="0",topic="t"} 2.0
                kafka_consumer_fetch_manager_records_lag{client_id="c-1",partition="1",topic="t"} 5.0
                """);
        assertThat(text.has("dailyfeed_outbox_pending")).isTrue();
        assertThat(text.has("dailyfeed_outbox")).isFalse();
        assertThat(text.total("kafka_consumer_fetch_manager_records_lag")).isEqualTo(7.0);
        assertThat(text.of("kafka_consumer_fetch_manager_records_lag").get(1).labels())
                .contains("partition=\"1\"");
    }
}
