exports.flavour = "require";
