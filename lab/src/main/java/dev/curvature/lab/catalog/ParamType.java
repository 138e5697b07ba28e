package dev.curvature.lab.catalog;

import dev.curvature.lab.spec.SpecNode;
import dev.curvature.optim.Hyperparameters;
import java.util.Locale;

/**
 * What a component parameter accepts, inferred from its default value: a Double is a number, a
 * Long or Integer an integer, a Boolean true or false, {@link Hyperparameters#AUTO} a number or
 * {@code auto} (a value derived from the others unless given), a String a string, and a
 * {@link Hyperparameters.Required} what its type text says. Number parameters of optimizers and
 * transforms may also be schedules ({@code {schedule: NAME, ...}}). The spec checks and the JSON
 * Schema both use it, so they agree.
 */
public enum ParamType {
    NUMBER("a number"),
    INTEGER("an integer"),
    BOOLEAN("true or false"),
    STRING("a string"),
    NUMBER_OR_SCHEDULE("a number or a schedule {schedule: NAME, ...}"),
    NUMBER_OR_AUTO("a number or auto"),
    NUMBERS("a list of numbers"),
    INTEGERS("a list of integers"),
    ANY("a value");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    /** What it accepts, for messages: {@code a number}, {@code true or false}. */
    public String description() {
        return description;
    }

    /**
     * The type of a parameter with this default; {@code schedulable} (optimizers and transforms)
     * lets a number parameter be a schedule.
     */
    public static ParamType of(Object defaultValue, boolean schedulable) {
        return switch (defaultValue) {
            case Double d -> schedulable ? NUMBER_OR_SCHEDULE : NUMBER;
            case Float f -> schedulable ? NUMBER_OR_SCHEDULE : NUMBER;
            case Long l -> INTEGER;
            case Integer i -> INTEGER;
            case Boolean b -> BOOLEAN;
            case Hyperparameters.Auto a -> NUMBER_OR_AUTO;
            case String s -> STRING;
            case Hyperparameters.Required r -> ofText(r.type());
            case null, default -> ANY;
        };
    }

    /** The type named by a {@link Hyperparameters.Required} text such as {@code a number or a schedule}. */
    static ParamType ofText(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("list")) {
            return t.contains("number") ? NUMBERS : t.contains("step") || t.contains("integer") ? INTEGERS : ANY;
        }
        if (t.contains("schedule")) {
            return NUMBER_OR_SCHEDULE;
        }
        if (t.contains("integer")) {
            return INTEGER;
        }
        if (t.contains("number")) {
            return NUMBER;
        }
        if (t.contains("bool") || t.contains("true")) {
            return BOOLEAN;
        }
        if (t.contains("string") || t.contains("text")) {
            return STRING;
        }
        return ANY;
    }

    /** True when {@code node} has this type (a schedule: a mapping with a {@code schedule} field). */
    public boolean accepts(SpecNode node) {
        return switch (this) {
            case NUMBER -> node.kind() == SpecNode.Kind.NUMBER;
            case INTEGER -> node.isInteger();
            case BOOLEAN -> node.kind() == SpecNode.Kind.BOOLEAN;
            case STRING -> node.kind() == SpecNode.Kind.STRING;
            case NUMBER_OR_SCHEDULE -> node.kind() == SpecNode.Kind.NUMBER || node.isMap() && node.has("schedule");
            case NUMBER_OR_AUTO -> node.kind() == SpecNode.Kind.NUMBER
                    || node.kind() == SpecNode.Kind.STRING && node.asString().equals("auto");
            case NUMBERS -> node.isList() && node.items().stream().allMatch(i -> i.kind() == SpecNode.Kind.NUMBER);
            case INTEGERS -> node.isList() && node.items().stream().allMatch(SpecNode::isInteger);
            case ANY -> node.kind() != SpecNode.Kind.NULL;
        };
    }
}
