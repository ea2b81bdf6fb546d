package io.ppctl.doctor;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one doctor check came out. A warning is worth a look but leaves the exit code at 0. */
public enum Status {
    OK("ok"), WARN("warn"), FAIL("fail");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    /** As the JSON report writes it. */
    @JsonValue
    public String word() {
        return word;
    }
}
