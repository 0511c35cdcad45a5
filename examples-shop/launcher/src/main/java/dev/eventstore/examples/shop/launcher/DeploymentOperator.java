package dev.eventstore.examples.shop.launcher;

import dev.eventstore.examples.shop.web.Operator;
import java.net.URI;
import java.util.List;

/** The web page's operator over the launcher's processes: the page names services as they name themselves. */
final class DeploymentOperator implements Operator {

    private final Deployment shop;

    DeploymentOperator(Deployment shop) {
        this.shop = shop;
    }

    @Override
    public List<String> services() {
        return ServiceName.ids();
    }

    @Override
    public URI url(String service) {
        return shop.url(ServiceName.of(service));
    }

    @Override
    public String database(String service) {
        return shop.database(ServiceName.of(service));
    }

    @Override
    public long pid(String service) {
        return shop.pid(ServiceName.of(service));
    }

    @Override
    public void stop(String service) {
        shop.stop(ServiceName.of(service));
    }

    @Override
    public void start(String service) {
        shop.start(ServiceName.of(service));
    }

    @Override
    public void set(String service, String key, String value) {
        shop.set(ServiceName.of(service), key, value);
    }
}
