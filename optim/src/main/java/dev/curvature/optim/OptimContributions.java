package dev.curvature.optim;

import dev.curvature.optim.registry.Contributions;
import dev.curvature.optim.registry.Registries;
import dev.curvature.optim.run.MonitorRegistry;
import dev.curvature.optim.saddle.SaddleOptimizers;
import dev.curvature.optim.schedule.ScheduleRegistry;
import dev.curvature.optim.spectral.SpectralMonitors;
import dev.curvature.optim.spectral.SpectralOptimizers;

/**
 * The optim module's components: the classical, saddle-escape and spectral optimizers, the
 * transforms, the schedules and the generic, saddle and spectral monitors.
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
