package lab.backpressure.lab.cli;

/** A number no exercise has, or a scenario file that is not there: the message says what there is instead. */
final class NoSuchExercise extends RuntimeException {

    NoSuchExercise(String message) {
        super(message);
    }
}
