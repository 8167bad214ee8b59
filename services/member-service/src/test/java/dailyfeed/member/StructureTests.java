package dailyfeed.member;

import dailyfeed.testsupport.ServiceBoundaries;
import org.junit.jupiter.api.Test;

class StructureTests {

    @Test
    void memberServiceUsesNoOtherServicesCodeAndItsFeaturesFormNoCycles() {
        ServiceBoundaries.verify("member");
    }
}
