package dev.flags;

/** A registration that ends when closed: a change listener or an observer. Closing twice does nothing. */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
