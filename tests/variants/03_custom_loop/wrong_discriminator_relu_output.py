"""Wrong: Dense(1, activation="relu") at the end of D: its logits can never be negative, so it can never say "fake" with confidence."""
# loses: test_make_discriminator_model

# %% make_discriminator_model
def make_discriminator_model():
    model = tf.keras.Sequential([
        layers.Input((28, 28, 1)),
        layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same"), layers.LeakyReLU(), layers.Dropout(0.3),
        layers.Flatten(), layers.Dense(1, activation="relu"),
    ])
    return model
