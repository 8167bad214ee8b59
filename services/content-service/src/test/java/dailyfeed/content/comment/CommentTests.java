package dailyfeed.content.comment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommentTests {

    @Test
    void aCommentAndAReplyAcceptRepliesButAReplyToAReplyDoesNot() {
        assertThat(atDepth(0).acceptsReplies()).isTrue();
        assertThat(atDepth(1).acceptsReplies()).isTrue();
        assertThat(atDepth(2).acceptsReplies()).isFalse();
    }

    private static Comment atDepth(int depth) {
        return new Comment(1, 2, 3, depth == 0 ? null : 9L, depth, "text", Instant.EPOCH, Instant.EPOCH, 0);
    }
}
