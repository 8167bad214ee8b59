package dailyfeed.activity;

import dailyfeed.testsupport.ServiceBoundaries;
import org.junit.jupiter.api.Test;

class StructureTests {

    @Test
    void usesNoOtherServicesCodeAndHasNoFeatureCycles() {
        ServiceBoundaries.verify("activity");
    }
}
