import type {} from "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

// Registers cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
