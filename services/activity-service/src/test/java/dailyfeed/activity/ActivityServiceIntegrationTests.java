package dailyfeed.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.ServiceBasics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@ActivityServiceTest
class ActivityServiceIntegrationTests implements ServiceBasics {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> managementEndpoints() {
        return List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/ingestdeadletters");
    }

    @Test
    void migratesItsOwnDatabase() {
        assertThat(jdbc.queryForObject("select current_database()", String.class))
                .isEqualTo("activity_service");
        assertThat(jdbc.queryForObject("select to_regclass('public.member_activities') is not null", Boolean.class))
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "select count(*) from flyway_schema_history where version = '1' and success", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void storesAnEventOnlyOnce() {
        String upsert = """
                insert into member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name, schema_version)
                values ('00000000-0000-0000-0000-00000000abcd', 'POST_CREATED', now(), 1, 'ann', 'Ann', 1)
                on conflict (event_id) do nothing""";
        try {
            assertThat(jdbc.update(upsert)).isEqualTo(1);
            assertThat(jdbc.update(upsert)).isZero();
        } finally {
            jdbc.update("delete from member_activities where event_id = '00000000-0000-0000-0000-00000000abcd'");
        }
    }
}
