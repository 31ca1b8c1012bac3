package org.cnctwin.machine.gcode;

/** Evaluates {@link Expression}s against the macro variables, with FANUC's rules for vacant values. */
final class Evaluator {

    private final Variables variables;

    Evaluator(Variables variables) {
        this.variables = variables;
    }

    /** @return the value, {@link Variables#VACANT} only when the expression is a bare vacant variable */
    double evaluate(Expression expression) {
        if (expression instanceof Expression.Number number) {
            return number.value();
        }
        if (expression instanceof Expression.Variable variable) {
            return variables.get(variableNumber(variable), variable.position());
        }
        if (expression instanceof Expression.NamedVariable named) {
            return variables.getNamed(named.name());
        }
        if (expression instanceof Expression.Negation negation) {
            return -arithmetic(negation.operand());
        }
        if (expression instanceof Expression.Binary binary) {
            return binary(binary);
        }
        return call((Expression.Call) expression);
    }

    /** @return the value, 0 when vacant: how FANUC computes with a vacant variable */
    double arithmetic(Expression expression) {
        double value = evaluate(expression);
        return Variables.isVacant(value) ? 0 : value;
    }

    /** @throws GcodeException when the value is vacant: it cannot stand for {@code what} */
    double required(Expression expression, String what) {
        double value = evaluate(expression);
        if (Variables.isVacant(value)) {
            throw new GcodeException(GcodeError.VACANT_VARIABLE, variablePosition(expression), "a vacant variable cannot be " + what);
        }
        return value;
    }

    /** Where a variable is written; only a variable evaluates to vacant. */
    static SourcePosition variablePosition(Expression variable) {
        return variable instanceof Expression.Variable numbered ? numbered.position() : ((Expression.NamedVariable) variable).position();
    }

    boolean condition(Expression expression) {
        return arithmetic(expression) != 0;
    }

    int variableNumber(Expression.Variable variable) {
        double index = required(variable.index(), "a variable number");
        if (index != Math.rint(index) || index < 0 || index > 99_999) {
            throw new GcodeException(GcodeError.BAD_VARIABLE, variable.position(), "variable number must be a whole number, was " + index);
        }
        return (int) index;
    }

    private double binary(Expression.Binary binary) {
        if (binary.operator() == Expression.Operator.EQ || binary.operator() == Expression.Operator.NE) {
            double left = evaluate(binary.left());
            double right = evaluate(binary.right());
            // Vacant equals only vacant; NaN == NaN is false in Java, so compare vacancy first.
            boolean equal = Variables.isVacant(left) || Variables.isVacant(right)
                    ? Variables.isVacant(left) && Variables.isVacant(right)
                    : left == right;
            return (binary.operator() == Expression.Operator.EQ) == equal ? 1 : 0;
        }
        double left = arithmetic(binary.left());
        double right = arithmetic(binary.right());
        return switch (binary.operator()) {
            case GT -> left > right ? 1 : 0;
            case GE -> left >= right ? 1 : 0;
            case LT -> left < right ? 1 : 0;
            case LE -> left <= right ? 1 : 0;
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> {
                if (right == 0) {
                    throw new GcodeException(GcodeError.MATH_DOMAIN, binary.position(), "division by zero");
                }
                yield left / right;
            }
            case MOD -> {
                if (right == 0) {
                    throw new GcodeException(GcodeError.MATH_DOMAIN, binary.position(), "MOD by zero");
                }
                yield left % right;
            }
            case AND -> (long) left & (long) right;
            case OR -> (long) left | (long) right;
            case XOR -> (long) left ^ (long) right;
            default -> throw new IllegalStateException(binary.operator().name());
        };
    }

    private double call(Expression.Call call) {
        double x = arithmetic(call.argument());
        return switch (call.function()) {
            case SIN -> Math.sin(Math.toRadians(x));
            case COS -> Math.cos(Math.toRadians(x));
            case TAN -> Math.tan(Math.toRadians(x));
            case ASIN -> Math.toDegrees(Math.asin(domain(call, x, Math.abs(x) <= 1, "between -1 and 1")));
            case ACOS -> Math.toDegrees(Math.acos(domain(call, x, Math.abs(x) <= 1, "between -1 and 1")));
            case ATAN -> {
                // FANUC returns 0-360 degrees for ATAN[a]/[b]
                double degrees = call.second() == null ? Math.toDegrees(Math.atan(x)) : Math.toDegrees(Math.atan2(x, arithmetic(call.second())));
                yield call.second() != null && degrees < 0 ? degrees + 360 : degrees;
            }
            case SQRT -> Math.sqrt(domain(call, x, x >= 0, "not negative"));
            case ABS -> Math.abs(x);
            case ROUND -> Math.signum(x) * Math.floor(Math.abs(x) + 0.5);
            case FIX -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case FUP -> x < 0 ? Math.floor(x) : Math.ceil(x);
            case LN -> Math.log(domain(call, x, x > 0, "positive"));
            case EXP -> Math.exp(x);
        };
    }

    private static double domain(Expression.Call call, double x, boolean inside, String expected) {
        if (!inside) {
            throw new GcodeException(GcodeError.MATH_DOMAIN, call.position(), call.function() + " needs an argument " + expected + ", was " + x);
        }
        return x;
    }
}
