package dailyfeed.member.account;

import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** All members. */
public interface Members extends ListCrudRepository<Member, Long> {

    Optional<Member> findByHandle(String handle);

    boolean existsByHandle(String handle);
}
