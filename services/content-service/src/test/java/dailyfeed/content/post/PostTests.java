package dailyfeed.content.post;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostTests {

    @Test
    void isNamedByItsTitleElseByItsText() {
        assertThat(post("Weekend hike", "Who comes?").summary()).isEqualTo("Weekend hike");
        assertThat(post(null, "Who comes?").summary()).isEqualTo("Who comes?");
        assertThat(post("  ", "Who comes?").summary()).isEqualTo("Who comes?");
    }

    @Test
    void knowsItsAuthor() {
        assertThat(post("t", "c").isAuthoredBy(7)).isTrue();
        assertThat(post("t", "c").isAuthoredBy(8)).isFalse();
    }

    private static Post post(String title, String content) {
        return new Post(1, 7, title, content, Instant.EPOCH, Instant.EPOCH, 0, 0);
    }
}
