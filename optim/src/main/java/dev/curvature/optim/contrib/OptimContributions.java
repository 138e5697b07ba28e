package dev.curvature.optim.contrib;

import dev.curvature.optim.OptimizerRegistry;
import dev.curvature.optim.TransformRegistry;
import dev.curvature.optim.registry.Contributions;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.saddle.SaddleOptimizers;
import dev.curvature.optim.spectral.SpectralMonitors;
import dev.curvature.optim.spectral.SpectralOptimizers;

/**
 * The optim module's components: the classical, saddle-escape and spectral optimizers, the
 * transforms, the schedules and the generic, saddle and spectral monitors. It lives in a package of
 * its own, which nothing imports, so that registration adds no dependency between the packages it
 * gathers from.
 */
public final class OptimContributions implements Contributions {

    @Override
    public void register(Registries r) {
        OptimizerRegistry.register(r.optimizers());
        SaddleOptimizers.registerAll(r.optimizers());
        SpectralOptimizers.register(r.optimizers());
        TransformRegistry.register(r.transforms());
        ScheduleRegistry.register(r.schedules());
        MonitorRegistry.register(r.monitors());
        SaddleOptimizers.registerMonitors(r.monitors());
        SpectralMonitors.register(r.monitors());
    }

    @Override
    public int order() {
        return 0;
    }
}
