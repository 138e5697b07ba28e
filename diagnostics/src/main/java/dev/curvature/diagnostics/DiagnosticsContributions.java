package dev.curvature.diagnostics;

import dev.curvature.optim.registry.Contributions;
import dev.curvature.optim.registry.Registries;

/** The diagnostics module's components: the curvature monitors of {@link DiagnosticMonitors}. */
public final class DiagnosticsContributions implements Contributions {

    @Override
    public void register(Registries r) {
        DiagnosticMonitors.registerAll(r.monitors());
    }

    @Override
    public int order() {
        return 20;
    }
}
