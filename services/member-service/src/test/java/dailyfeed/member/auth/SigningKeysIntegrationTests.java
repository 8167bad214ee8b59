package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@ServiceIntegrationTest
class SigningKeysIntegrationTests {

    @Autowired
    SigningKeys keys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theKeyPairIsGeneratedOnceAndReloadedOnTheNextStart() throws Exception {
        // what a restarted (or second) instance does on start
        SigningKeys afterRestart = new SigningKeys(jdbc, transactions);

        assertThat(afterRestart.current().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(afterRestart.current().toRSAPrivateKey())
                .isEqualTo(keys.current().toRSAPrivateKey());
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(keys.publicKeys().getKeys())
                .singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());
    }
}
