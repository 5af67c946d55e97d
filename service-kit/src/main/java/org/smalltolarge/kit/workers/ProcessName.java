package org.smalltolarge.kit.workers;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Names this process among all workers: the pod (or host) name and the pid, e.g. "trainer-7d9f-4242". */
public final class ProcessName {
    private ProcessName() {
    }

    /** {@code fallback} is used when neither the pod's HOSTNAME nor the host name can be read. */
    public static String of(String fallback) {
        long pid = ProcessHandle.current().pid();
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod + "-" + pid;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + pid;
        } catch (UnknownHostException e) {
            return fallback + "-" + pid;
        }
    }
}
