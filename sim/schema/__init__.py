"""What a scenario or sweep file may say: parameters with units and ranges, world, components, designs."""
