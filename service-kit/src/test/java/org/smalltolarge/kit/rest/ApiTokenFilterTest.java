package org.smalltolarge.kit.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenFilterTest {

    @Test
    void withATokenOnlyMutatingRequestsCarryingItPass() {
        ApiTokenFilter filter = new ApiTokenFilter(Optional.of("s3cret"));
        assertEquals(Optional.empty(), filter.refusal("POST", "Bearer s3cret"));
        assertEquals(Optional.empty(), filter.refusal("GET", null), "reads stay open");
        assertTrue(filter.refusal("POST", null).orElseThrow().contains("needs 'Authorization: Bearer <token>'"));
        assertTrue(filter.refusal("DELETE", "Basic czNjcmV0").orElseThrow().contains("needs"));
        assertTrue(filter.refusal("PUT", "Bearer s3cre").orElseThrow().contains("not this deployment's"));
        assertTrue(filter.refusal("PATCH", "Bearer s3cret2").isPresent());
    }

    @Test
    void withoutATokenNothingIsChecked() {
        assertEquals(Optional.empty(), new ApiTokenFilter(Optional.empty()).refusal("POST", null));
        assertEquals(Optional.empty(), new ApiTokenFilter(Optional.of("  ")).refusal("POST", null),
                "a blank token is no token");
    }
}
