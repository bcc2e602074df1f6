"""Wrong: a sigmoid on D's output, though the losses expect logits."""
# loses: test_make_discriminator_model

# %% make_discriminator_model
def make_discriminator_model():
    model = tf.keras.Sequential([
        layers.Input((28, 28, 1)),
        layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Flatten(), layers.Dense(1, activation="sigmoid"),
    ])
    return model
