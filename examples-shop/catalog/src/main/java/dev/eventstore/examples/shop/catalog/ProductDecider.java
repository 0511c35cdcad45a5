package dev.eventstore.examples.shop.catalog;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.catalog.ProductCommand.ChangePrice;
import dev.eventstore.examples.shop.catalog.ProductCommand.ListProduct;
import dev.eventstore.examples.shop.catalog.ProductEvent.PriceChanged;
import dev.eventstore.examples.shop.catalog.ProductEvent.ProductListed;
import java.util.List;

/** A product's rules: listed once; a price change that changes nothing records nothing. */
public final class ProductDecider implements Decider<ProductCommand, Product, ProductEvent> {

    @Override
    public Product initialState() {
        return Product.NONE;
    }

    @Override
    public Product evolve(Product state, ProductEvent event) {
        if (event instanceof ProductListed listed) {
            return new Product(listed.sku(), listed.name(), listed.price());
        }
        PriceChanged changed = (PriceChanged) event;
        return new Product(state.sku(), state.name(), changed.price());
    }

    @Override
    public List<ProductEvent> decide(ProductCommand command, Product state) {
        if (command instanceof ListProduct list) {
            if (!state.listed()) {
                return List.of(new ProductListed(list.sku(), list.name(), list.price()));
            }
            if (state.name().equals(list.name()) && state.price().compareTo(list.price()) == 0) {
                return List.of();
            }
            throw new CommandRejectedException("product " + state.sku() + " is listed already, as '" + state.name()
                    + "' at " + state.price() + "; change its price instead");
        }
        ChangePrice change = (ChangePrice) command;
        if (!state.listed()) {
            throw new ResourceNotFoundException("no such product");
        }
        return state.price().compareTo(change.price()) == 0 ? List.of()
                : List.of(new PriceChanged(state.sku(), change.price()));
    }
}
