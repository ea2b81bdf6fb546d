package io.ppctl.doctor;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

/** One line of the doctor's report; {@code exitCode} is what this check alone would make ppctl return. */
public record Check(String name, Status status, String detail, int exitCode) {

    static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail, 0);
    }

    static Check warn(String name, String detail) {
        return new Check(name, Status.WARN, detail, 0);
    }

    static Check fail(String name, String detail, ExitCode exit) {
        return new Check(name, Status.FAIL, detail, exit.code());
    }

    /** A check that threw: its message and hint on one line, its exit code. */
    static Check failed(String name, PpctlException e) {
        String detail = e.getMessage() + (e.hint() == null ? "" : " (" + e.hint() + ")");
        return fail(name, detail.replace(System.lineSeparator(), " "), e.exitCode());
    }
}
